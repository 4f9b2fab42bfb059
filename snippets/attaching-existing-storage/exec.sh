kubectl exec -it s4-<username> -- bash
