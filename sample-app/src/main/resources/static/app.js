'use strict';

// sessionStorage, not localStorage: each browser window signs in on its own.
const TOKEN_KEY = 'rls-tenancy.token';

const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  projects: [],
  selectedProjectId: null,
  tasks: [],
  editingProjectId: null,
  deletingProjectId: null,
  editingTaskId: null,
};

const $ = (id) => document.getElementById(id);

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (state.token) {
    headers.Authorization = `Bearer ${state.token}`;
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'The server cannot be reached.');
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(response.status, (data && (data.error || data.detail)) || `The request failed (HTTP ${response.status}).`);
  }
  return data;
}

/** Builds an element; string children become text nodes, so data is never parsed as HTML. */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith('data-') || key.startsWith('aria-')) {
      node.setAttribute(key, value);
    } else {
      node[key] = value;
    }
  }
  node.append(...children);
  return node;
}

function showError(message) {
  $('error-message').textContent = message;
  $('error-banner').hidden = false;
}

function clearError() {
  $('error-message').textContent = '';
  $('error-banner').hidden = true;
}

/** Runs an API action; shows its error, and signs out when the token is no longer accepted. */
async function run(action) {
  clearError();
  try {
    await action();
  } catch (error) {
    if (error.status === 401 && state.token) {
      logOut('Your session has ended. Please sign in again.');
    } else {
      showError(error.message);
    }
  }
}

/** Like run, with the form's buttons disabled meanwhile so that a double click does not submit twice. */
async function submitting(form, action) {
  const buttons = [...form.querySelectorAll('button')];
  buttons.forEach((button) => { button.disabled = true; });
  try {
    await run(action);
  } finally {
    buttons.forEach((button) => { button.disabled = false; });
  }
}

function onEscape(node, action) {
  node.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      action();
    }
  });
}

// Session

function showLogin(message = '') {
  $('session').hidden = true;
  $('app-view').hidden = true;
  $('login-view').hidden = false;
  $('login-error').textContent = message;
  $('email').focus();
}

function showApp(me) {
  $('user-email').textContent = me.user;
  $('tenant-name').textContent = me.tenant;
  $('login-view').hidden = true;
  $('session').hidden = false;
  $('app-view').hidden = false;
}

async function logIn(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const button = $('login-submit');
  button.disabled = true;
  $('login-error').textContent = '';
  clearError();
  let token;
  try {
    ({ token } = await api('POST', '/api/auth/token', { username: $('email').value, password: $('password').value }));
  } catch (error) {
    $('login-error').textContent = error.message;
    $('password').select();
    return;
  } finally {
    button.disabled = false;
  }
  state.token = token;
  sessionStorage.setItem(TOKEN_KEY, token);
  form.reset();
  await run(enter);
}

async function enter() {
  const me = await api('GET', '/api/me');
  showApp(me);
  await loadProjects();
  $('new-project-name').focus();
}

function logOut(message = '') {
  state.token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  Object.assign(state, {
    projects: [], selectedProjectId: null, tasks: [], editingProjectId: null, deletingProjectId: null,
    editingTaskId: null,
  });
  $('user-email').textContent = '';
  $('tenant-name').textContent = '';
  $('project-list').replaceChildren();
  $('task-list').replaceChildren();
  clearError();
  showLogin(message);
}

// Projects

async function loadProjects() {
  state.projects = await api('GET', '/api/projects');
  if (!state.projects.some((project) => project.id === state.selectedProjectId)) {
    state.selectedProjectId = null;
    state.tasks = [];
  }
  renderProjects();
  renderTasks();
}

function selectedProject() {
  return state.projects.find((project) => project.id === state.selectedProjectId);
}

async function selectProject(id) {
  state.selectedProjectId = id;
  state.tasks = [];
  state.editingTaskId = null;
  renderProjects();
  renderTasks();
  const tasks = await api('GET', `/api/projects/${id}/tasks`);
  if (state.selectedProjectId === id) {
    state.tasks = tasks;
    renderTasks();
  }
}

async function createProject(event) {
  event.preventDefault();
  const form = event.currentTarget;
  await submitting(form, async () => {
    const project = await api('POST', '/api/projects', {
      name: $('new-project-name').value,
      description: $('new-project-description').value.trim() || null,
    });
    form.reset();
    state.projects.push(project);
    await selectProject(project.id);
    $('new-task-title').focus();
  });
}

async function updateProject(event, id) {
  event.preventDefault();
  const form = event.currentTarget;
  await submitting(form, async () => {
    const updated = await api('PUT', `/api/projects/${id}`, {
      name: form.elements.name.value,
      description: form.elements.description.value.trim() || null,
    });
    state.projects = state.projects.map((project) => (project.id === id ? updated : project));
    state.editingProjectId = null;
    renderProjects();
    renderTasks();
  });
}

async function deleteProject(id) {
  await run(async () => {
    await api('DELETE', `/api/projects/${id}`);
    state.projects = state.projects.filter((project) => project.id !== id);
    state.deletingProjectId = null;
    if (state.selectedProjectId === id) {
      state.selectedProjectId = null;
      state.tasks = [];
    }
    renderProjects();
    renderTasks();
  });
}

function setProjectMode(id, mode) {
  state.editingProjectId = mode === 'edit' ? id : null;
  state.deletingProjectId = mode === 'delete' ? id : null;
  renderProjects();
}

function renderProjects() {
  $('project-list').replaceChildren(...state.projects.map(projectItem));
  $('project-empty').hidden = state.projects.length > 0;
  const focus = $('project-list').querySelector('[data-autofocus]');
  if (focus) {
    focus.focus();
    if (focus.select) {
      focus.select();
    }
  }
}

function projectItem(project) {
  const selected = project.id === state.selectedProjectId;
  const item = el('li', { className: selected ? 'project selected' : 'project', 'data-project-id': project.id });
  if (project.id === state.editingProjectId) {
    const form = el('form', { className: 'project-edit-form stack' },
      el('input', { className: 'project-name-input', name: 'name', type: 'text', value: project.name, required: true,
        maxLength: 200, 'aria-label': 'Project name', 'data-autofocus': '' }),
      el('input', { className: 'project-description-input', name: 'description', type: 'text',
        value: project.description || '', maxLength: 2000, placeholder: 'Description (optional)',
        'aria-label': 'Project description' }),
      el('div', { className: 'actions' },
        el('button', { className: 'project-save', type: 'submit' }, 'Save'),
        el('button', { className: 'project-cancel secondary', type: 'button', onclick: () => setProjectMode(null) },
          'Cancel')));
    form.addEventListener('submit', (event) => updateProject(event, project.id));
    onEscape(form, () => setProjectMode(null));
    item.append(form);
  } else if (project.id === state.deletingProjectId) {
    item.classList.add('confirming');
    item.append(
      el('p', { className: 'confirm-text' }, `Delete “${project.name}” and all its tasks?`),
      el('div', { className: 'actions' },
        el('button', { className: 'project-delete-confirm danger', type: 'button', 'data-autofocus': '',
          onclick: () => deleteProject(project.id) }, 'Delete'),
        el('button', { className: 'project-delete-cancel secondary', type: 'button',
          onclick: () => setProjectMode(null) }, 'Cancel')));
    onEscape(item, () => setProjectMode(null));
  } else {
    item.append(
      el('button', { className: 'project-select', type: 'button', 'aria-current': selected ? 'true' : 'false',
        onclick: () => run(() => selectProject(project.id)) },
        el('span', { className: 'project-name' }, project.name),
        el('span', { className: 'project-description' }, project.description || '')),
      el('div', { className: 'actions' },
        el('button', { className: 'project-edit link', type: 'button', onclick: () => setProjectMode(project.id, 'edit') },
          'Edit'),
        el('button', { className: 'project-delete link danger', type: 'button',
          onclick: () => setProjectMode(project.id, 'delete') }, 'Delete')));
  }
  return item;
}

// Tasks

async function createTask(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const projectId = state.selectedProjectId;
  await submitting(form, async () => {
    const task = await api('POST', `/api/projects/${projectId}/tasks`, { title: $('new-task-title').value, done: false });
    form.reset();
    if (state.selectedProjectId === projectId) {
      state.tasks.push(task);
      renderTasks();
    }
  });
  $('new-task-title').focus();
}

async function saveTask(task, changes) {
  const updated = await api('PUT', `/api/tasks/${task.id}`, { title: task.title, done: task.done, ...changes });
  state.tasks = state.tasks.map((t) => (t.id === task.id ? updated : t));
}

async function toggleTask(task, checkbox) {
  checkbox.disabled = true;
  await run(() => saveTask(task, { done: checkbox.checked }));
  renderTasks();
}

async function renameTask(event, task) {
  event.preventDefault();
  const form = event.currentTarget;
  await submitting(form, async () => {
    await saveTask(task, { title: form.elements.title.value });
    state.editingTaskId = null;
    renderTasks();
  });
}

async function deleteTask(task) {
  await run(async () => {
    await api('DELETE', `/api/tasks/${task.id}`);
    state.tasks = state.tasks.filter((t) => t.id !== task.id);
    renderTasks();
  });
}

function editTask(id) {
  state.editingTaskId = id;
  renderTasks();
}

function renderTasks() {
  const project = selectedProject();
  $('task-hint').hidden = Boolean(project);
  $('task-content').hidden = !project;
  if (!project) {
    $('task-list').replaceChildren();
    return;
  }
  $('task-project-name').textContent = project.name;
  $('task-list').replaceChildren(...state.tasks.map(taskItem));
  $('task-empty').hidden = state.tasks.length > 0;
  const done = state.tasks.filter((task) => task.done).length;
  $('task-summary').textContent = state.tasks.length ? `${done} of ${state.tasks.length} done` : '';
  const focus = $('task-list').querySelector('[data-autofocus]');
  if (focus) {
    focus.focus();
    focus.select();
  }
}

function taskItem(task) {
  const item = el('li', { className: task.done ? 'task done' : 'task', 'data-task-id': task.id,
    'data-done': String(task.done) });
  if (task.id === state.editingTaskId) {
    const form = el('form', { className: 'task-edit-form inline' },
      el('input', { className: 'task-title-input', name: 'title', type: 'text', value: task.title, required: true,
        maxLength: 200, 'aria-label': 'Task title', 'data-autofocus': '' }),
      el('button', { className: 'task-save', type: 'submit' }, 'Save'),
      el('button', { className: 'task-cancel secondary', type: 'button', onclick: () => editTask(null) }, 'Cancel'));
    form.addEventListener('submit', (event) => renameTask(event, task));
    onEscape(form, () => editTask(null));
    item.append(form);
  } else {
    const checkbox = el('input', { className: 'task-done', type: 'checkbox', checked: task.done,
      'aria-label': 'Done' });
    checkbox.addEventListener('change', () => toggleTask(task, checkbox));
    item.append(
      el('label', { className: 'task-label' }, checkbox, el('span', { className: 'task-title' }, task.title)),
      el('div', { className: 'actions' },
        el('button', { className: 'task-edit link', type: 'button', onclick: () => editTask(task.id) }, 'Edit'),
        el('button', { className: 'task-delete link danger', type: 'button', onclick: () => deleteTask(task) },
          'Delete')));
  }
  return item;
}

// Start

document.addEventListener('DOMContentLoaded', async () => {
  $('login-form').addEventListener('submit', logIn);
  $('logout').addEventListener('click', () => logOut());
  $('error-dismiss').addEventListener('click', clearError);
  $('new-project-form').addEventListener('submit', createProject);
  $('new-task-form').addEventListener('submit', createTask);
  if (state.token) {
    await run(enter);
  }
  // No token, or the app could not be shown with it (an error says why).
  if ($('login-view').hidden && $('app-view').hidden) {
    showLogin();
  }
});
