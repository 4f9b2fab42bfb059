kubectl delete job c3-<username> c3m-<username> c4p-<username> c4pt-<username> c5-<username> s3-<username> s3e-<username> --ignore-not-found --cascade=foreground
kubectl delete pod c1-<username> c2-<username> s1-<username> s4-<username> --ignore-not-found
kubectl delete configmap config1-<username> config2-<username> --ignore-not-found
kubectl delete secret github-secret-<username> --ignore-not-found
kubectl delete pvc vol-<username> --ignore-not-found
