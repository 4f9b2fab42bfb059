kubectl delete job c3m-<username>
kubectl delete job c3-<username>
