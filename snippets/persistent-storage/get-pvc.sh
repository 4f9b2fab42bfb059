kubectl get pvc vol-<username>
