kubectl exec -it c2-<username> -- bash
