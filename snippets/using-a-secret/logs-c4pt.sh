kubectl wait --for=condition=complete job/c4pt-<username> --timeout=5m
kubectl logs job/c4pt-<username>
