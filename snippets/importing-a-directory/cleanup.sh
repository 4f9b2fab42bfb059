kubectl delete pod c2-<username>
kubectl delete configmap config2-<username>
