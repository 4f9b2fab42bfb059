kubectl delete job s3-<username> --cascade=foreground
kubectl create -f s3.yaml
kubectl wait --for=condition=Ready pod --selector=job-name=s3-<username> --timeout=3m
