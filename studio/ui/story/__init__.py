"""Story dialogs and the story editor: new story, new patient, editing a story."""
