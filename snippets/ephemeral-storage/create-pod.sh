kubectl create -f s1.yaml
kubectl wait --for=condition=Ready pod/s1-<username> --timeout=3m
