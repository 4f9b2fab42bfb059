kubectl create -f c2.yaml
kubectl wait --for=condition=Ready pod/c2-<username> --timeout=3m
