kubectl exec -it c1-<username> -- bash
