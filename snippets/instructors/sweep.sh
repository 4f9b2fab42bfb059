workshop sweep --roster roster.txt --namespace workshop
