kubectl delete job c4p-<username> c4pt-<username>
