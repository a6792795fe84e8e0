import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer } from '@nestjs/core';
import { API_PREFIX } from '../../src/configure-app';

export interface AppRoute {
  method: string;
  /** The full path as served, with Nest's `:param` placeholders, e.g. `/api/v1/offers/:id`. */
  path: string;
  controller: string;
  handler: string;
}

/** Routes configure-app.ts keeps out of the global prefix. */
const UNPREFIXED = new Set(['/health', '/health/live', '/metrics']);

function join(...parts: (string | undefined)[]): string {
  const path = parts
    .filter((part): part is string => part !== undefined && part !== '')
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter((part) => part !== '')
    .join('/');
  return `/${path}`;
}

function asList(value: unknown): string[] {
  if (value === undefined) return [''];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/**
 * Every HTTP route the application declares, read from the controllers' metadata at run time, so a
 * new route shows up here without anyone listing it.
 */
export function listRoutes(app: INestApplication): AppRoute[] {
  // Built here rather than injected: the application need not import DiscoveryModule for a test.
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const routes: AppRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { instance, metatype } = wrapper;
    if (!instance || !metatype) continue;
    const prototype = Object.getPrototypeOf(instance);
    for (const controllerPath of asList(Reflect.getMetadata(PATH_METADATA, metatype))) {
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        const methodPath = Reflect.getMetadata(PATH_METADATA, handler);
        if (methodPath === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        for (const path of asList(methodPath)) {
          const bare = join(controllerPath, path);
          routes.push({ method, path: UNPREFIXED.has(bare) ? bare : join(API_PREFIX, bare), controller: metatype.name, handler: name });
        }
      }
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

export const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;
