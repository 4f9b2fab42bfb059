kubectl delete job c5-<username>
