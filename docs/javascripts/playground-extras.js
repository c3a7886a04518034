/*
 * What the playground needs only when the reader asks for it: the forms for an
 * activation per layer, for their own data (CSV) and for exporting the trained network
 * (playground/extras.js). The playground loads this script the first time one of them
 * is opened (playground/controls.js), so that the page does not download it with the rest.
 */
import { exportForm, layerForm, ownDataForm } from "./playground/extras.js";

window.actlibPlaygroundExtras = { ownDataForm, exportForm, layerForm };
