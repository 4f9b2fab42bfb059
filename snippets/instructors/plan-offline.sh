workshop plan --participants 30 --cpu 64 --memory 256Gi --pods 500 --claims 40 --format markdown > capacity.md
