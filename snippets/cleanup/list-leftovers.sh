kubectl get pods,jobs,configmaps,secrets,pvc -o name | grep -E -- '-<username>(-([0-9]+-)?[a-z0-9]{5})?$' || echo "Nothing of yours is left."
