kubectl logs job/c5-<username> -c pijob
