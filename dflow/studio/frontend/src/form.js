// The input form made from the flow's `input` block, kept in step with a raw JSON text box.
export class InputForm {
  constructor(formElement, jsonElement) {
    this.form = formElement;
    this.json = jsonElement;
    this.fields = [];
    this.signature = "";
    this.json.addEventListener("input", () => this.fromJson());
  }

  // Rebuild the fields when the input block changed; keep what was typed in fields that stay.
  update(inputs) {
    const fields = inputs || [];
    const signature = JSON.stringify(fields.map((f) => [f.name, f.type, f.item, f.choices, f.optional]));
    if (signature === this.signature) return;
    const before = this.value();
    this.signature = signature;
    this.fields = fields;
    this.form.replaceChildren();
    if (inputs === null) {
      this.form.append(note("This flow has no input block: it takes any event, as JSON below."));
    }
    for (const field of fields) this.form.append(this.row(field));
    this.setValue({ ...this.defaults(), ...pick(before, fields) });
    this.toJson();
  }

  row(field) {
    const label = document.createElement("label");
    label.className = "field";
    const name = document.createElement("span");
    name.textContent = field.name + (field.optional ? " (optional)" : "");
    const kind = document.createElement("small");
    kind.textContent = describe(field);
    label.append(name, kind, this.control(field));
    return label;
  }

  control(field) {
    let control;
    if (field.type === "boolean") {
      control = document.createElement("input");
      control.type = "checkbox";
    } else if (field.type === "choice") {
      control = document.createElement("select");
      const choices = field.optional ? [null, ...field.choices] : field.choices;
      for (const choice of choices) {
        const option = document.createElement("option");
        option.value = JSON.stringify(choice);
        option.textContent = choice === null ? "(none)" : String(choice);
        control.append(option);
      }
    } else if (["list", "map", "any"].includes(field.type)) {
      control = document.createElement("textarea");
      control.rows = 2;
      control.placeholder = field.type === "map" ? "{}" : "[]";
    } else if (field.type === "timestamp") {
      // A date and a time, in UTC: the flow receives ISO-8601 ending in Z.
      control = document.createElement("input");
      control.type = "datetime-local";
      control.step = "1";
      control.title = "in UTC";
    } else {
      control = document.createElement("input");
      control.type = field.type === "integer" || field.type === "number" ? "number" : "text";
      if (field.type === "integer") control.step = "1";
    }
    control.dataset.testid = `input-${field.name}`;
    control.dataset.field = field.name;
    control.addEventListener("input", () => this.toJson());
    control.addEventListener("change", () => this.toJson());
    return control;
  }

  defaults() {
    const values = {};
    for (const field of this.fields) {
      if (field.default === null) continue;
      try { values[field.name] = JSON.parse(field.default); } catch { /* an expression: leave it to the flow */ }
    }
    return values;
  }

  controlOf(name) { return this.form.querySelector(`[data-field="${CSS.escape(name)}"]`); }

  // The event the form describes; an empty optional field is left out, so the flow sees null.
  value() {
    const event = {};
    for (const field of this.fields) {
      const control = this.controlOf(field.name);
      if (!control) continue;
      if (field.type === "boolean") { event[field.name] = control.checked; continue; }
      const raw = control.value;
      if (raw === "") continue;
      if (field.type === "choice") event[field.name] = JSON.parse(raw);
      else if (field.type === "timestamp") event[field.name] = `${raw.length === 16 ? raw + ":00" : raw}Z`;
      else if (field.type === "integer" || field.type === "number") event[field.name] = Number(raw);
      else if (["list", "map", "any"].includes(field.type)) {
        try { event[field.name] = JSON.parse(raw); } catch { event[field.name] = raw; }
      } else event[field.name] = raw;
    }
    return event;
  }

  setValue(event) {
    for (const field of this.fields) {
      const control = this.controlOf(field.name);
      if (!control) continue;
      const value = event[field.name];
      if (field.type === "boolean") control.checked = Boolean(value);
      else if (field.type === "choice") control.value = JSON.stringify(value === undefined ? (field.optional ? null : field.choices[0]) : value);
      else if (value === undefined || value === null) control.value = "";
      else if (field.type === "timestamp") control.value = utcLocal(value);
      else if (typeof value === "object") control.value = JSON.stringify(value);
      else control.value = String(value);
    }
  }

  toJson() {
    const extra = this.extra || {};
    this.json.value = JSON.stringify({ ...extra, ...this.value() }, null, 2);
    this.json.classList.remove("invalid");
  }

  fromJson() {
    let event;
    try { event = JSON.parse(this.json.value); } catch { this.json.classList.add("invalid"); return; }
    this.json.classList.remove("invalid");
    if (event && typeof event === "object" && !Array.isArray(event)) {
      const known = new Set(this.fields.map((f) => f.name));
      this.extra = Object.fromEntries(Object.entries(event).filter(([key]) => !known.has(key)));
      this.setValue(event);
    }
  }

  // What the run starts with: the JSON box, which holds the form and anything typed beyond it.
  event() {
    try { return JSON.parse(this.json.value); } catch { return undefined; }
  }
}

// `2026-12-31T09:00:00Z` (or any offset) as the UTC date and time a datetime-local box shows.
function utcLocal(value) {
  const moment = new Date(String(value));
  return Number.isNaN(moment.getTime()) ? "" : moment.toISOString().slice(0, 19);
}

function describe(field) {
  if (field.type === "timestamp") return "timestamp (UTC)";
  if (field.type === "list") return `list of ${field.item}`;
  if (field.type === "choice") return field.choices.map((c) => JSON.stringify(c)).join(" | ");
  return field.type;
}

function pick(event, fields) {
  const names = new Set(fields.map((f) => f.name));
  return Object.fromEntries(Object.entries(event || {}).filter(([key]) => names.has(key)));
}

function note(text) {
  const element = document.createElement("p");
  element.className = "note";
  element.textContent = text;
  return element;
}
