// Talkport page scripts (no inline scripts: the Content Security Policy forbids them).
