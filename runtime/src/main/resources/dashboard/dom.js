// Builds DOM nodes; text always goes in as text (never as HTML), since names, logs and bodies come from users.

/** An element with attributes (true: present, false/null: left out) and children (nodes or strings). */
export function h(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) {
      node.setAttribute(name, '');
    } else if (value !== false && value != null) {
      node.setAttribute(name, String(value));
    }
  }
  for (const child of [].concat(children)) {
    if (child != null) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return node;
}

/** Replaces a table body's rows; one row of `empty` text when there are none. */
export function fillTable(table, rows, empty) {
  const body = table.tBodies[0];
  const columns = table.tHead.rows[0].cells.length;
  body.replaceChildren(...(rows.length ? rows
    : [h('tr', {}, h('td', { colspan: columns, class: 'muted' }, empty))]));
}
