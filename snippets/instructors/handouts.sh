workshop handouts roster.txt --out handouts
