kubectl get pods,jobs,configmaps,secrets,pvc -o name | grep -E -- '-<username>(-|$)' || echo "Nothing of yours is left."
