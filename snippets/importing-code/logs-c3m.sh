kubectl wait --for=condition=complete job/c3m-<username> --timeout=5m
kubectl logs job/c3m-<username>
