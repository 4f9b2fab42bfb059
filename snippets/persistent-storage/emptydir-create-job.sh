kubectl create -f s3-emptydir.yaml
kubectl wait --for=jsonpath='{.status.ready}'=10 job/s3e-<username> --timeout=3m
