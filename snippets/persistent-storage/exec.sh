kubectl exec -it job/s3-<username> -- bash
