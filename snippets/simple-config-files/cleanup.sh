kubectl delete pod c1-<username>
kubectl delete configmap config1-<username>
