kubectl create -f s3.yaml
kubectl wait --for=condition=Ready pod --selector=job-name=s3-<username> --timeout=3m
