kubectl get configmap
