kubectl get configmap -o yaml config2-<username>
