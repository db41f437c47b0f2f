// Progressive enhancement only: every page works without JavaScript.
import { initAll } from '../nhsuk-frontend.min.js'

initAll()
