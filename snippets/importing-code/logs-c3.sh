kubectl wait --for=condition=complete job/c3-<username> --timeout=5m
kubectl logs job/c3-<username>
