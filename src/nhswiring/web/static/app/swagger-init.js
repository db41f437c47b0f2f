// Swagger UI for the API reference at /docs, served from this server (no CDN).
window.addEventListener('load', () => {
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui' })
})
