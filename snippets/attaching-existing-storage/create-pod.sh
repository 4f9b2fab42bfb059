kubectl create -f s4.yaml
kubectl wait --for=condition=Ready pod/s4-<username> --timeout=3m
