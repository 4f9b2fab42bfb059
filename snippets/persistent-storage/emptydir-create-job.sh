kubectl create -f s3-emptydir.yaml
kubectl wait --for=condition=Ready pod --selector=job-name=s3e-<username> --timeout=3m
