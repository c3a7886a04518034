/*
 * What the playground needs only when the reader asks for it: the forms for an
 * activation per layer, for their own data (CSV) and for exporting the trained network
 * (playground/extras.js), the diagram's form for the weights into a unit
 * (playground/weights.js) and the classroom layout (playground/layout.js). The playground loads this script when the reader first reaches
 * for it (playground/later.js), so that the page does not download it with the rest.
 */
import { exportForm, layerForm, ownDataForm } from "./playground/extras.js";
import { layoutStyles, setWide } from "./playground/layout.js";
import { weightEditor } from "./playground/weights.js";

window.actlibPlaygroundExtras = { ownDataForm, exportForm, layerForm, weightEditor, setWide };
// The classroom layout's rules come now, so that its button switches at once.
layoutStyles().catch(() => {}); // if it fails, switching to the layout tries again
