kubectl get events --sort-by=.metadata.creationTimestamp --field-selector involvedObject.name=vol-<username>
