kubectl get pods,jobs,configmaps,secrets,pvc -o name \
  | grep -E -- '-<username>$|^pod/.*-<username>(-[0-9]+)?-[bcdfghjklmnpqrstvwxz2456789]{5}$' \
  || echo "Nothing of yours is left."
