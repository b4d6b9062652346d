// The timeline of a run or of a deployed execution: one element per event, holding its name and status.
export function clearTimeline(list) {
  list.replaceChildren();
}

export function addEvent(list, event) {
  const item = document.createElement("li");
  item.dataset.name = event.name;
  item.dataset.status = event.status;
  item.className = `event kind-${event.kind} ${event.status.replace(" ", "-")}${event.top_level === false ? " nested" : ""}`;
  const time = document.createElement("span");
  time.className = "time";
  time.textContent = event.time ? event.time.slice(11, 19) : elapsed(event.seconds);
  const name = document.createElement("span");
  name.className = "name";
  name.textContent = event.name;
  name.title = event.name;
  // Operations inside groups, branches and items are indented under them.
  if (event.depth) name.style.paddingLeft = `${event.depth * 1.5}ch`;
  const kind = document.createElement("span");
  kind.className = "kind";
  kind.textContent = event.kind;
  const status = document.createElement("span");
  status.className = "status";
  status.textContent = event.status;
  const detail = document.createElement("span");
  detail.className = "detail";
  detail.textContent = event.detail || "";
  item.append(time, name, kind, status, detail);
  list.append(item);
  item.scrollIntoView({ block: "nearest" });
}

// Virtual time, as `dflow run` shows it: +1d 03:00:00.
function elapsed(seconds) {
  if (seconds === undefined || seconds === null) return "";
  const whole = Math.floor(seconds);
  const days = Math.floor(whole / 86400);
  const rest = whole % 86400;
  const clock = [Math.floor(rest / 3600), Math.floor((rest % 3600) / 60), rest % 60]
    .map((n) => String(n).padStart(2, "0")).join(":");
  if (days) return `+${days}d ${clock}`;
  if (whole >= 60) return `+${clock}`;
  return `+${seconds.toFixed(2)}s`;
}
