kubectl delete job s3-<username> --cascade=foreground
kubectl create -f s3.yaml
kubectl wait --for=jsonpath='{.status.ready}'=10 job/s3-<username> --timeout=3m
