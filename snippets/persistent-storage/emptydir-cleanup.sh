kubectl delete job s3e-<username>
