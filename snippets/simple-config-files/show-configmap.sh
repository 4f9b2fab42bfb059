kubectl get configmap -o yaml config1-<username>
