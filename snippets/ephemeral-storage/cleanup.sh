kubectl delete pod s1-<username>
