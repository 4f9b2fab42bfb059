workshop status --roster roster.txt --namespace workshop --once --logs
