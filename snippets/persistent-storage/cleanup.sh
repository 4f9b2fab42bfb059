kubectl delete job s3-<username>
