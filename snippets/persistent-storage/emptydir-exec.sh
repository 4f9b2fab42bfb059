kubectl exec -it job/s3e-<username> -- bash
