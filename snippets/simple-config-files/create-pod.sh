kubectl create -f c1.yaml
kubectl wait --for=condition=Ready pod/c1-<username> --timeout=3m
