// Validators of flow-format.md §2 (filled in by the validation work).
