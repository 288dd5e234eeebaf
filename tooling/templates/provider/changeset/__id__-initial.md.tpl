---
"@x/{{id}}": minor
---

First release: OAuth (desktop, web, headless) and API-token connections to {{name}}, with cursor paging.
