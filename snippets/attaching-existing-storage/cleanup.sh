kubectl delete pod s4-<username>
