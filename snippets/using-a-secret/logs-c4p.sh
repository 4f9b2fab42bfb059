kubectl logs job/c4p-<username>
