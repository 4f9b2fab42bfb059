kubectl wait --for=condition=complete job/c5-<username> --timeout=5m
kubectl logs job/c5-<username> -c init-clone-repo
