kubectl exec -it s1-<username> -- bash
